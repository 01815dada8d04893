from plansync.engine.wording import counted, in_sentence, plural


def test_counts_read_as_english():
    assert counted(1, "batch") == "1 batch"
    assert counted(2, "batch") == "2 batches"
    assert counted(1, "file") == "1 file"
    assert counted(0, "ingredient") == "0 ingredients"


def test_names_inside_a_sentence_are_lower_case_and_plural():
    assert plural(in_sentence("Oatmeal Raisin Cookie"), 52) == "oatmeal raisin cookies"
    assert plural(in_sentence("Pound Cake Half"), 2) == "pound cake halves"
    assert plural(in_sentence("Almond Biscotti"), 3) == "almond biscotti"
    assert in_sentence("PB&J Bar") == "PB&J bar"
