"""Executes every notebook here against a running Trino (VGF_TRINO_URL); CI runs it after `./vgf trino`.

Uses nbclient + ipykernel from Debian (python3-nbclient python3-ipykernel python3-matplotlib). Exit code 1 if
any notebook raises.
"""
import glob
import os
import sys

import nbformat
from nbclient import NotebookClient

here = os.path.dirname(os.path.abspath(__file__))
failed = []
for path in sorted(glob.glob(os.path.join(here, "*.ipynb"))):
    nb = nbformat.read(path, as_version=4)
    try:
        NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": here}}).execute()
        print("ok", os.path.basename(path))
    except Exception as e:  # report every notebook, then fail
        failed.append(path)
        print("FAILED", os.path.basename(path), e, file=sys.stderr)
sys.exit(1 if failed else 0)
