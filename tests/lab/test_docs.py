"""The outputs the docs show are what the commands print today (scripts/doc_examples.py)."""
import os
import subprocess
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


class ShownOutputs(unittest.TestCase):
    def test_docs_show_what_the_commands_print(self):
        out = subprocess.run(["/usr/bin/python3", os.path.join(ROOT, "scripts", "doc_examples.py"),
                              "--check"], cwd=ROOT, capture_output=True, text=True, timeout=1200)
        self.assertEqual(out.returncode, 0, out.stdout + out.stderr)

    def test_a_stale_output_is_caught(self):
        path = os.path.join(ROOT, "build", "doc-example-test.md")
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write("<!-- example: echo fresh -->\n```text\nstale\n```\n<!-- end example -->\n")
        script = os.path.join(ROOT, "scripts", "doc_examples.py")
        check = subprocess.run(["/usr/bin/python3", script, "--check", path], cwd=ROOT,
                               capture_output=True, text=True)
        self.assertEqual(check.returncode, 1)
        self.assertIn("the output of 'echo fresh' is not what the docs show", check.stdout)
        subprocess.run(["/usr/bin/python3", script, path], cwd=ROOT, check=True)
        with open(path) as f:
            self.assertIn("```text\nfresh\n```", f.read())


if __name__ == "__main__":
    unittest.main()
