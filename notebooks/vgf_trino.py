"""Minimal client for Trino's HTTP protocol (POST /v1/statement, follow nextUri), for the analysts' notebooks.

Used because the `trino` Python client is not packaged by Debian and PyPI is not reachable here. Standard
library only; results come back as a list of dicts (and as a pandas DataFrame when pandas is installed).

    from vgf_trino import query
    rows = query("SELECT site_id, sum(payment_usd) AS usd FROM settlement.dr_event_performance GROUP BY 1")
"""
import json
import os
import time
import urllib.request

TRINO_URL = os.environ.get("VGF_TRINO_URL", "http://127.0.0.1:8080")
CATALOG = os.environ.get("VGF_TRINO_CATALOG", "vgf")
USER = os.environ.get("VGF_TRINO_USER", "analyst")


def _request(method, url, body=None):
    req = urllib.request.Request(url, data=body, method=method, headers={
        "X-Trino-User": USER, "X-Trino-Catalog": CATALOG, "X-Trino-Schema": "settlement",
        "Content-Type": "text/plain; charset=utf-8"})
    with urllib.request.urlopen(req, timeout=120) as resp:
        return json.loads(resp.read().decode("utf-8"))


def query(sql, url=None):
    """Runs one statement; returns a list of dicts (column name -> value). Raises RuntimeError on failure."""
    base = (url or TRINO_URL).rstrip("/")
    page = _request("POST", base + "/v1/statement", sql.encode("utf-8"))
    columns, rows = None, []
    backoff = 0.05
    while True:
        if "error" in page:
            err = page["error"]
            raise RuntimeError("%s: %s" % (err.get("errorName"), err.get("message")))
        if columns is None and page.get("columns"):
            columns = [c["name"] for c in page["columns"]]
        for data in page.get("data") or []:
            rows.append(dict(zip(columns, data)))
        next_uri = page.get("nextUri")
        if not next_uri:
            return rows
        if not page.get("data"):
            time.sleep(backoff)  # the protocol's polling: the server has no data yet for this page
            backoff = min(backoff * 2, 1.0)
        page = _request("GET", next_uri)


def frame(sql, url=None):
    """query() as a pandas DataFrame when pandas is available, else the list of dicts."""
    rows = query(sql, url)
    try:
        import pandas as pd
        return pd.DataFrame(rows)
    except ImportError:
        return rows
