"""Executes cells (a JSON list of sources on stdin) through the installed "polarlab" kernelspec with
nbclient, then converts the executed notebook to HTML with nbconvert's HTMLExporter, as
`jupyter nbconvert --to html` does, once per template named on the command line. Prints a JSON object
{template: html} on stdout.

Usage: /usr/bin/python3 nbconvert_html.py lab classic < cells.json  (JUPYTER_PATH: the kernelspec's share/jupyter)
"""
import json
import sys

import nbclient
import nbformat
from nbconvert import HTMLExporter
from nbformat.v4 import new_code_cell, new_notebook

cells = json.load(sys.stdin)
nb = new_notebook(
    cells=[new_code_cell(source) for source in cells],
    metadata={"kernelspec": {"name": "polarlab", "display_name": "TypeScript (polarlab)", "language": "typescript"}},
)
nbclient.NotebookClient(nb, kernel_name="polarlab", timeout=120, startup_timeout=120).execute()
nbformat.validate(nb)
pages = {}
for template in sys.argv[1:]:
    pages[template], _ = HTMLExporter(template_name=template).from_notebook_node(nb)
json.dump(pages, sys.stdout)
