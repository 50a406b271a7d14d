"""docs/matlab.md, the migration table from MATLAB's shallow networks (issue 31), stays true.

Its examples run (a doctest block per section), every runnable line of a table row is one of
them, and no MATLAB function of the list below disappears from the table.
"""

import ast
import doctest
import pathlib
import re

import pytest

pytest.importorskip("matplotlib")

DOC = pathlib.Path(__file__).resolve().parents[1] / "docs" / "matlab.md"

#: MATLAB's shallow-network reference ("Function Approximation, Clustering, and Control",
#: checked against MathWorks' function lists): each must have a row.
MATLAB_FUNCTIONS = """
feedforwardnet fitnet patternnet cascadeforwardnet newff newfit newpr perceptron newp linearlayer
newlin newlind newrb newrbe newgrnn newpnn selforgmap newsom competlayer newc lvqnet newlvq
elmannet newelm layrecnet narxnet narnet timedelaynet distdelaynet newhop network
train adapt sim configure init perform view genFunction gensim
trainlm trainbr trainscg traincgf traincgp traincgb trainoss trainbfg trainbfgc trainrp traingd
traingdm traingda traingdx trainb trainc trainr trains trainbu trainru
learngd learngdm learnp learnpn learnwh learnk learncon learnsom learnsomb learnlv1 learnlv2
learnlv3 learnh learnhd learnis learnos
preparets closeloop openloop removedelay adddelay tonndata fromnndata con2seq seq2con
dividerand divideblock divideint divideind dividetrain
mapminmax mapstd removeconstantrows processpca fixunknowns removerows
mse mae sse sae crossentropy msesparse confusion regression
tansig logsig purelin poslin softmax hardlim hardlims satlin satlins elliotsig radbas compet
gridtop hextop tritop randtop dist mandist negdist linkdist boxdist initnw initzero rands midpoint
plotperform plottrainstate plotregression ploterrhist plotfit plotconfusion plotroc plotsomtop
plotsomnc plotsomnd plotsomhits plotsomplanes plotsompos plotsom ploterrcorr plotinerrcorr
plotresponse plotwb plotpv plotpc plotep plotes plotvec
ind2vec vec2ind gsubtract minmax nftool nprtool nctool ntstool
""".split()


def _table_rows(text):
    """(MATLAB cell, equivalent cell, runnable cell) of every table row but the headers."""
    rows = []
    for line in text.splitlines():
        if not line.startswith("| ") or line.startswith("| MATLAB |"):
            continue
        cells = [cell.strip() for cell in line.strip().strip("|").split(" | ")]
        assert len(cells) == 3, f"a row needs three cells: {line}"
        rows.append(cells)
    return rows


def _canonical(code):
    return ast.unparse(ast.parse(code))


def test_every_example_runs():
    result = doctest.testfile(
        str(DOC),
        module_relative=False,
        optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE,
        raise_on_error=False,
        verbose=False,
    )
    assert result.attempted > 150
    assert result.failed == 0, f"{result.failed} of docs/matlab.md's examples failed"


def test_every_matlab_function_has_a_row():
    matlab_cells = " ".join(row[0] for row in _table_rows(DOC.read_text()))
    named = set(re.findall(r"[A-Za-z][A-Za-z0-9]*", matlab_cells))
    missing = [name for name in MATLAB_FUNCTIONS if name not in named]
    assert not missing, f"rows missing from docs/matlab.md: {missing}"


def test_every_runnable_line_is_run_and_every_gap_names_its_issue():
    text = DOC.read_text()
    # each example's source in one canonical spelling (ruff formats the blocks over several lines)
    run = [_canonical(example.source) for example in doctest.DocTestParser().get_examples(text)]
    not_run, unexplained = [], []
    for matlab, equivalent, runnable in _table_rows(text):
        if runnable == "—":
            if not re.search(r"issue (30|31)|not planned", equivalent):
                unexplained.append(matlab)
        elif not any(_canonical(runnable.strip("`")) in source for source in run):
            not_run.append(matlab)
    assert not unexplained, (
        f"rows without a runnable line, an issue or 'not planned': {unexplained}"
    )
    assert not not_run, f"rows whose runnable line no doctest runs: {not_run}"
