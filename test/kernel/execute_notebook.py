"""Executes a small notebook through the installed "polarlab" kernelspec with nbclient (the real Jupyter
client), validates it with nbformat and prints the executed notebook as JSON on stdout.

Usage: /usr/bin/python3 execute_notebook.py  (JUPYTER_PATH must point at the kernelspec's share/jupyter)
"""
import json
import sys

import nbclient
import nbformat
from nbformat.v4 import new_code_cell, new_notebook

nb = new_notebook(
    cells=[
        new_code_cell("let total = 0;\nfor (let i = 1; i <= 10; i++) total += i;\nconsole.log('sum', total);"),
        new_code_cell("total * 2"),
        new_code_cell("await display([{ a: 1, b: 'x' }, { a: 2, b: 'y' }]);"),
        new_code_cell("typeof pl.display"),
    ],
    metadata={"kernelspec": {"name": "polarlab", "display_name": "TypeScript (polarlab)", "language": "typescript"}},
)
client = nbclient.NotebookClient(nb, kernel_name="polarlab", timeout=120, startup_timeout=120)
client.execute()
nbformat.validate(nb)
json.dump(nb, sys.stdout)
