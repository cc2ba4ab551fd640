"""jupyter_kernel_test (Debian's python3-jupyter-kernel-test 0.4.5) for the polarlab kernel.

Run by test/kernel/conformance.test.ts with /usr/bin/python3 -m unittest, JUPYTER_PATH pointing at a
temporary prefix where `polarlab install --prefix` put the kernelspec. Every sample attribute is filled,
so every test of the suite runs (none is skipped).
"""
import unittest

import jupyter_kernel_test as jkt


class PolarlabKernelTests(jkt.KernelTests):
    kernel_name = "polarlab"
    language_name = "typescript"
    file_extension = ".ts"

    code_hello_world = 'console.log("hello, world")'
    code_stderr = 'console.error("to stderr")'

    completion_samples = [
        {"text": "Math.ma", "matches": ["max"]},
        {"text": "const someLongName = 1; someLongN", "matches": ["someLongName"]},
    ]

    complete_code_samples = ["1 + 1", "const x = 2;", "function f() { return 1; }"]
    incomplete_code_samples = ["function f() {", "const y = [1,", "if (true) {"]
    invalid_code_samples = ["const = 5;", "1 +* 2", "let 3x = 1;"]

    code_page_something = 'page("polarlab pager text")'

    code_generate_error = 'throw new Error("boom")'

    code_execute_result = [
        {"code": "6 * 7", "result": "42"},
        {"code": '"polar" + "lab"', "result": "'polarlab'"},
        {"code": "[1, 2, 3].map((x) => x * 2)", "result": "[ 2, 4, 6 ]"},
    ]

    code_display_data = [
        {"code": 'await display({ [Symbol.for("Jupyter.display")]: () => ({ "text/html": "<b>hi</b>", "text/plain": "hi" }) })', "mime": "text/html"},
        {"code": 'await display("plain")', "mime": "text/plain"},
    ]

    code_history_pattern = "6 ? 7"
    supported_history_operations = ("tail", "range", "search")

    code_inspect_sample = "Math.max"

    code_clear_output = "clearOutput()"


if __name__ == "__main__":
    unittest.main()
