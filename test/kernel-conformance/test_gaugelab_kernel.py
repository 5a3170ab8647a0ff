"""The gaugelab kernel against Jupyter's kernel conformance suite, and the protocol behaviour it adds to tslab.

`GaugelabKernelTests` is Debian's python3-jupyter-kernel-test (jupyter_kernel_test 0.4.5) with gaugelab's code
samples: every message the kernel sends is checked against the messaging spec's schemas. `GaugelabProtocolTests`
checks what the suite does not: tracebacks in the cell's lines, stop_on_error, comms.

Run with `npm run test:kernel` (scripts/test-kernel.cjs registers the kernelspec in a temporary Jupyter data
dir and runs this module with unittest).
"""

import re
import unittest

import jupyter_kernel_test
from jupyter_client.manager import start_new_kernel

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def start_kernel(cls):
    """Starts the kernel with time for a loaded machine, and compiles a first cell so later replies are quick."""
    cls.km, cls.kc = start_new_kernel(kernel_name="gaugelab", startup_timeout=180)
    cls.kc.execute_interactive("0", timeout=180, output_hook=lambda msg: None)


class GaugelabKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = "gaugelab"
    language_name = "typescript"
    file_extension = ".ts"

    setUpClass = classmethod(start_kernel)

    code_hello_world = 'console.log("hello, world")'
    code_stderr = 'console.error("to stderr")'
    code_generate_error = 'throw new Error("boom")'
    code_execute_result = [
        {"code": "1 + 2", "result": "3"},
        {"code": '"a" + "b"', "result": "'ab'"},
        {"code": "[1, 2, 3].map((v: number) => v * 2)", "result": "[ 2, 4, 6 ]"},
    ]
    code_display_data = [
        {"code": 'import * as tslab from "tslab";\ntslab.display.html("<b>hi</b>")', "mime": "text/html"},
        {"code": 'import * as tslab from "tslab";\ntslab.display.markdown("**hi**")', "mime": "text/markdown"},
    ]
    completion_samples = [
        {"text": "Math.sq", "matches": {"sqrt", "SQRT1_2", "SQRT2"}},
        {"text": "const words = ['a'];\nwords.jo", "matches": {"join"}},
    ]
    complete_code_samples = ["1 + 1", "const x = 1;", 'console.log("hi")', "const y = <number>(2 as unknown);"]
    incomplete_code_samples = ["function f() {", "const xs = [1,", "if (true)", "const s = `a"]
    invalid_code_samples = ["const = 1;", "1 +* 2", "}", "let z = 1 2", 'const t = "unterminated']
    code_inspect_sample = "Math.max"
    code_history_pattern = "1 + ?"
    supported_history_operations = ("tail", "range", "search")

    @unittest.skip("TypeScript has no pager (IPython's `?` help); inspect_request shows documentation instead")
    def test_pager(self):
        pass

    @unittest.skip("the kit has no clear_output call: its live displays replace themselves by display id")
    def test_clear_output(self):
        pass


class GaugelabProtocolTests(unittest.TestCase):
    """What tslab 1.0.22 got wrong or left out, and the gaugelab kernel adds."""

    setUpClass = classmethod(start_kernel)

    @classmethod
    def tearDownClass(cls):
        cls.kc.stop_channels()
        cls.km.shutdown_kernel()

    def reply_to(self, msg_id, timeout=60):
        while True:
            reply = self.kc.get_shell_msg(timeout=timeout)
            if reply["parent_header"].get("msg_id") == msg_id:
                return reply

    def iopub_for(self, msg_id, timeout=60):
        """The iopub messages `msg_id` caused between its busy and idle statuses."""
        messages = []
        while True:
            msg = self.kc.get_iopub_msg(timeout=timeout)
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            if msg["msg_type"] == "status":
                if msg["content"]["execution_state"] == "idle":
                    return messages
                continue
            messages.append(msg)

    def execute(self, code, **options):
        msg_id = self.kc.execute(code, **options)
        return self.reply_to(msg_id)["content"], self.iopub_for(msg_id)

    def test_traceback_points_at_the_cells_lines(self):
        self.execute("function half(n: number): number {\n\n  if (n % 2) throw new RangeError(`odd: ${n}`);\n  return n / 2;\n}")
        reply, messages = self.execute("const a: number = 4;\nhalf(a + 1);")
        errors = [m["content"] for m in messages if m["msg_type"] == "error"]
        self.assertEqual(len(errors), 1)
        self.assertEqual(reply["status"], "error")
        for content in (errors[0], reply):
            self.assertEqual((content["ename"], content["evalue"]), ("RangeError", "odd: 5"))
        text = ANSI.sub("", "\n".join(reply["traceback"]))
        self.assertNotIn("evalmachine", text)
        self.assertNotIn("tslab", text)
        self.assertRegex(text, r"Cell In\[\d+\], line 3, in half\n(.*\n)*----> 3   if \(n % 2\) throw new RangeError")
        self.assertRegex(text, r"Cell In\[\d+\], line 2\n      1 const a: number = 4;\n----> 2 half\(a \+ 1\);")

    def test_type_errors_are_error_messages_with_the_span(self):
        reply, messages = self.execute('const n: number = "not a number";')
        self.assertEqual(reply["status"], "error")
        self.assertEqual(reply["ename"], "TSError")
        self.assertEqual(reply["evalue"], "Type 'string' is not assignable to type 'number'.")
        self.assertEqual([m["msg_type"] for m in messages], ["execute_input", "error"])
        text = ANSI.sub("", "\n".join(reply["traceback"]))
        self.assertIn("----> 1 const n: number", text)
        self.assertIn("error TS2322", text)

    def test_stop_on_error_aborts_only_the_requests_queued_behind_the_failure(self):
        ids = [self.kc.execute("throw new Error('first')"), self.kc.execute("1"), self.kc.execute("2")]
        statuses = [self.reply_to(i)["content"]["status"] for i in ids]
        self.assertEqual(statuses, ["error", "aborted", "aborted"])
        # Sent at once after the error's reply (tslab aborted everything in the next 200 ms).
        reply, messages = self.execute("3")
        self.assertEqual(reply["status"], "ok")
        self.assertIn("execute_result", [m["msg_type"] for m in messages])

    def test_without_stop_on_error_queued_requests_run(self):
        ids = [self.kc.execute("throw new Error('x')", stop_on_error=False), self.kc.execute("40 + 2")]
        self.assertEqual([self.reply_to(i)["content"]["status"] for i in ids], ["error", "ok"])

    def test_execute_result_is_numbered_and_silent_requests_do_not_count(self):
        first, _ = self.execute("'one'")
        silent, messages = self.execute("'quiet'", silent=True)
        second, after = self.execute("'two'")
        self.assertEqual(silent["execution_count"], first["execution_count"])
        self.assertEqual(messages, [])
        self.assertEqual(second["execution_count"], first["execution_count"] + 1)
        results = [m["content"] for m in after if m["msg_type"] == "execute_result"]
        self.assertEqual(results, [{"execution_count": second["execution_count"], "data": {"text/plain": "'two'"}, "metadata": {}}])

    def test_comm_open_without_a_target_is_closed(self):
        msg = self.kc.session.msg("comm_open", {"comm_id": "c1", "target_name": "jupyter.widget", "data": {}})
        self.kc.shell_channel.send(msg)
        messages = self.iopub_for(msg["header"]["msg_id"])
        self.assertEqual([(m["msg_type"], m["content"]["comm_id"]) for m in messages], [("comm_close", "c1")])

    def test_comm_info_reply(self):
        msg = self.kc.session.msg("comm_info_request", {"target_name": "jupyter.widget"})
        self.kc.shell_channel.send(msg)
        reply = self.reply_to(msg["header"]["msg_id"])
        self.assertEqual(reply["msg_type"], "comm_info_reply")
        self.assertEqual(reply["content"], {"status": "ok", "comms": {}})

    def test_user_expressions(self):
        reply, _ = self.execute("const u = 20;", user_expressions={"twice": "u * 2", "bad": "u."})
        expressions = reply["user_expressions"]
        self.assertEqual(expressions["twice"], {"status": "ok", "data": {"text/plain": "40"}, "metadata": {}})
        self.assertEqual(expressions["bad"]["status"], "error")


if __name__ == "__main__":
    unittest.main()
