"""Executes every notebook here against a running Trino (VGF_TRINO_URL); CI runs it after `./vgf trino`.

Uses nbclient + ipykernel from Debian (python3-nbclient python3-ipykernel python3-matplotlib). The executed
notebooks and their figures go to the output directory (first argument, or VGF_NOTEBOOK_OUT, default
notebooks/out), not into the sources. Exit code 1 if any notebook raises.

    VGF_TRINO_URL=http://127.0.0.1:8080 /usr/bin/python3 notebooks/run_notebooks.py /tmp/notebooks-out
"""
import glob
import os
import sys

import nbformat
from nbclient import NotebookClient

here = os.path.dirname(os.path.abspath(__file__))
out = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.environ.get("VGF_NOTEBOOK_OUT", os.path.join(here, "out")))
os.makedirs(out, exist_ok=True)
# The kernels run in the output directory (figures land there) and import vgf_trino from here.
os.environ["PYTHONPATH"] = here + os.pathsep + os.environ.get("PYTHONPATH", "")
os.environ.setdefault("MPLBACKEND", "Agg")
failed = []
for path in sorted(glob.glob(os.path.join(here, "*.ipynb"))):
    name = os.path.basename(path)
    nb = nbformat.read(path, as_version=4)
    try:
        NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": out}}).execute()
        print("ok", name, flush=True)
    except Exception as e:  # report every notebook, then fail
        failed.append(path)
        print("FAILED", name, e, file=sys.stderr, flush=True)
    finally:
        nbformat.write(nb, os.path.join(out, name))
sys.exit(1 if failed else 0)
