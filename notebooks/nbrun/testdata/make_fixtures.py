"""Writes nbrun's fixture notebooks (run with Debian's /usr/bin/python3 from this folder).

The fixtures are written by nbformat itself, so nbrun's write-back can be checked byte for byte against them.
"""
import nbformat


def notebook(cells):
    nb = nbformat.v4.new_notebook()
    nb.metadata = {"kernelspec": {"display_name": "Go (gonb)", "language": "go", "name": "gonb"},
                   "language_info": {"name": "go"}}
    for k, (kind, src, tags) in enumerate(cells):
        cell = nbformat.v4.new_markdown_cell(src) if kind == "md" else nbformat.v4.new_code_cell(src)
        cell.id = "cell%02d" % k  # stable ids: regenerating gives the same bytes
        if tags:
            cell.metadata["tags"] = tags
        nb.cells.append(cell)
    return nb


# The repository's module, three folders up from testdata/ (a notebook in notebooks/ uses ${GONB_DIR}/..).
WIRE = ("!*go mod edit -require=github.com/toymodels/superposition@v0.0.0 "
        "-replace=github.com/toymodels/superposition=${GONB_DIR}/../../..")

FIXTURES = {
    "pass.ipynb": [
        ("md", "# nbrun fixture: passes\nUses the repository's module through `${GONB_DIR}`.", None),
        ("code", WIRE, None),
        ("code", 'import (\n\t"fmt"\n\t"os"\n\n\t"github.com/janpfeifer/gonb/gonbui"\n)\n\nfunc main() {\n'
                 '\tfmt.Printf("quick=%s headless=%s\\n", os.Getenv("TOYSUP_QUICK"), os.Getenv("TOYSUP_HEADLESS"))\n'
                 '\tgonbui.DisplaySvg(`<svg xmlns="http://www.w3.org/2000/svg" width="20" height="10">'
                 '<rect width="20" height="10" fill="teal"/></svg>`)\n\tgonbui.Sync()\n}', ["figure"]),
        ("code", '%%\nfmt.Println("an interactive cell: it must be skipped headless")\nos.Exit(7)', ["interactive"]),
        ("code", '%%\nfmt.Println("last cell")', None),
    ],
    "panic.ipynb": [
        ("md", "# nbrun fixture: a cell panics\nnbconvert exits 0 on this notebook; nbrun must fail on cell 2.", None),
        ("code", '%%\nfmt.Println("an interactive cell: skipped")', ["interactive"]),
        ("code", '%%\nfmt.Println("before")\npanic("boom")', None),
        ("code", '%%\nfmt.Println("after")', None),
    ],
    "exit3.ipynb": [
        ("md", "# nbrun fixture: a cell calls os.Exit(3)", None),
        ("code", '%%\nfmt.Println("bye")\nos.Exit(3)', None),
    ],
    "compile_error.ipynb": [
        ("code", '%%\nfmt.Println("fine")', None),
        ("code", '%%\nunused := 1', None),
    ],
    "no_figure.ipynb": [
        ("code", '%%\nfmt.Println("a cell tagged figure that shows none")', ["figure"]),
    ],
    "markdown_only.ipynb": [
        ("md", "# nbrun fixture: no code cell\nThe kernel starts and nothing runs: a pass.", None),
    ],
    "sleep.ipynb": [
        ("code", '%%\nfmt.Println("sleeping")\ntime.Sleep(5 * time.Minute)', None),
    ],
}

if __name__ == "__main__":
    for name, cells in FIXTURES.items():
        nb = notebook(cells)
        nbformat.validate(nb)
        nbformat.write(nb, name)
