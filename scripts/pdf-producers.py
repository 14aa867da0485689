#!/usr/bin/env python3
"""The five seeds as PDFs from real producers, for issue 13's survey and acceptance.

    scripts/pdf-producers.py OUT [PRODUCER...]

Writes OUT/PRODUCER/000.pdf ... 004.pdf (and the inputs beside them) for each producer
(default: all): groff (groff -Tps | ps2pdf), gropdf (groff -Tpdf), latex (pdfTeX, two
columns), chromium (print to PDF), libreoffice (HTML -> ODT -> PDF), and interleaved (two
columns drawn line by line across, written by tests/fixtures/pdf/interleaved-columns.py). Every line of a seed is
a paragraph; the troff and LaTeX preambles are those of tests/fixtures/pdf/amnesty.tr and
amnesty-twocol.tex, the HTML that of tests/fixtures/pdf/amnesty.html. Then:

    scripts/pdf-acceptance.py OUT/*                      # citations and passages
    cargo build --release --example pdf_survey
    target/release/examples/pdf_survey seeds/000_*.txt OUT/chromium/000.pdf   # words, time
"""

import html
import os
import pathlib
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests/fixtures/pdf"
CHROMIUM = ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-pdf-header-footer"]


def seeds():
    for f in sorted((ROOT / "seeds").glob("*.txt")):
        lines = [l.strip() for l in f.read_text(encoding="utf-8").split("\n") if l.strip()]
        yield f.name[:3], lines


def tex_escape(s):
    out = []
    for c in s:
        if c == "\\":
            out.append("\\textbackslash{}")
        elif c in "&%$#_{}":
            out.append("\\" + c)
        elif c == "~":
            out.append("\\textasciitilde{}")
        elif c == "^":
            out.append("\\textasciicircum{}")
        else:
            out.append(c)
    return "".join(out)


def troff_escape(s):
    s = s.replace("\\", "\\e")
    return "\\&" + s if s[:1] in ".'" else s


def page(lines):
    head = (FIXTURES / "amnesty.html").read_text(encoding="utf-8").split("<body>")[0]
    body = "".join(f"<p>{html.escape(' '.join(l.split()))}</p>\n" for l in lines)
    return f"{head}<body>\n{body}</body></html>\n"


def run(cmd, **kw):
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **kw)


def main():
    out = pathlib.Path(sys.argv[1])
    producers = sys.argv[2:] or ["groff", "gropdf", "latex", "chromium", "libreoffice", "interleaved"]
    troff_head = (FIXTURES / "amnesty.tr").read_text(encoding="utf-8").split(".sp\n")[0]
    tex_head = (FIXTURES / "amnesty-twocol.tex").read_text(encoding="utf-8").split("\\begin{document}")[0]
    for producer in producers:
        d = out / producer
        d.mkdir(parents=True, exist_ok=True)
        for n, lines in seeds():
            if producer in ("groff", "gropdf"):
                tr = d / f"{n}.tr"
                tr.write_text(troff_head + "".join(f".sp\n{troff_escape(l)}\n" for l in lines), encoding="utf-8")
                device = "ps | ps2pdf -dPDFSETTINGS=/prepress - " if producer == "groff" else "pdf > "
                run(f"preconv {n}.tr | groff -T{device}{n}.pdf", shell=True, cwd=d)
            elif producer == "latex":
                (d / f"{n}.tex").write_text(tex_head + "\\begin{document}\n" + "\n\n".join(map(tex_escape, lines)) + "\n\\end{document}\n", encoding="utf-8")
                run(["pdflatex", "-interaction=nonstopmode", f"{n}.tex"], cwd=d,
                    env={**os.environ, "SOURCE_DATE_EPOCH": "1767225600", "FORCE_SOURCE_DATE": "1"})
            elif producer == "chromium":
                (d / f"{n}.html").write_text(page(lines), encoding="utf-8")
                with tempfile.TemporaryDirectory() as profile:
                    run(CHROMIUM + [f"--user-data-dir={profile}", f"--print-to-pdf={d / n}.pdf", (d / f"{n}.html").resolve().as_uri()])
            elif producer == "libreoffice":
                (d / f"{n}.html").write_text(page(lines), encoding="utf-8")
                run(["soffice", "--headless", "--convert-to", "odt", f"{n}.html"], cwd=d)
                run(["soffice", "--headless", "--convert-to", "pdf", f"{n}.odt"], cwd=d)
            elif producer == "interleaved":
                seed = next((ROOT / "seeds").glob(f"{n}_*.txt"))
                run([sys.executable, str(FIXTURES / "interleaved-columns.py"), str(seed), str(d / f"{n}.pdf")])
            else:
                sys.exit(f"unknown producer {producer}")
        print(f"{d}: {len(list(d.glob('*.pdf')))} PDFs")


if __name__ == "__main__":
    main()
