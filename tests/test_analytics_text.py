"""Statements, stance and themes as the participation officer would judge them, one statement at a time."""
import pytest

from analytics.codebook import OTHER, load_codebook
from analytics.nlp import tokens_and_words
from analytics.stance import NEEDS_TO_HAPPEN, NOT_WORKING, WORKING_WELL, StanceClassifier, first_word
from analytics.statements import split_statements
from analytics.analysis import _polarity_function

# Fixed by THEMES.md: the codebook and the independent labelled set must use exactly these ids.
THEME_IDS = [
    "information_access", "joined_up_working", "referral_routes", "diagnosis_dependent",
    "social_care_short_breaks", "health_waits", "transport", "post16_adulthood", "life_skills", "staff_training",
    "inclusion_bullying", "specialist_places", "early_years_transition", "social_activities", "ehc_plan_process",
    "listened_to_early", "workforce_stability", "feeling_safe_understood",
]


@pytest.fixture(scope="module")
def codebook():
    return load_codebook()


def stance_of(text, question=None):
    tokens, words = next(tokens_and_words([text]))
    return StanceClassifier().classify(words, first_word(text), _polarity_function()(tokens), question)


def themes_of(codebook, text):
    _tokens, words = next(tokens_and_words([text]))
    return codebook.classify(words)[0]


def test_an_answer_making_several_points_becomes_several_verbatim_statements():
    answer = "The SENCO is great but the bus is always late. We need more youth clubs!"
    statements = split_statements(answer)
    assert statements == ["The SENCO is great", "but the bus is always late.", "We need more youth clubs!"]
    assert all(statement in answer for statement in statements)


def test_a_one_word_opener_stays_with_the_point_it_introduces():
    assert split_statements("Nothing. The bus is always late") == ["Nothing. The bus is always late"]
    assert split_statements("The taxi is late. thx") == ["The taxi is late. thx"]


def test_bullets_become_statements_without_their_markers():
    answer = "- more clubs\n- better buses please\n2) train teachers in autism"
    assert split_statements(answer) == ["more clubs", "better buses please", "train teachers in autism"]


def test_a_repeated_sentence_is_split_where_it_really_is():
    answer = "I want more groups. I want more groups. thx"
    assert split_statements(answer) == ["I want more groups.", "I want more groups. thx"]


def test_empty_and_blank_answers_have_no_statements():
    assert split_statements("") == [] and split_statements("  \n ") == []


def test_the_question_decides_when_the_words_are_neutral():
    assert stance_of("The SENCO at his school", WORKING_WELL).stance == WORKING_WELL
    assert stance_of("The SENCO at his school", NOT_WORKING).stance == NOT_WORKING


def test_words_win_when_they_clearly_disagree_with_the_question():
    result = stance_of("Nothing, the bus is always late", WORKING_WELL)
    assert (result.stance, result.source) == (NOT_WORKING, "words over question")
    assert stance_of("There should be more youth clubs for teenagers", NOT_WORKING).stance == NEEDS_TO_HAPPEN
    assert stance_of("Speech therapy has made a huge difference to our lad", NEEDS_TO_HAPPEN).stance == WORKING_WELL


@pytest.mark.parametrize("text, stance", [
    ("the website is rubbish cant find anything", NOT_WORKING),
    ("we love the short breaks, a real lifeline", WORKING_WELL),
    ("pls sort out the buses they r always late", NEEDS_TO_HAPPEN),
    ("Train all teachers in ADHD", NEEDS_TO_HAPPEN),
    ("nobody listens to parents", NOT_WORKING),
    ("the staff were not helpful at all", NOT_WORKING),
    ("the taxi has never been late this year", WORKING_WELL),
    ("the plan should have been done in 20 weeks", NOT_WORKING),
])
def test_stance_without_a_question_comes_from_the_words(text, stance):
    assert stance_of(text).stance == stance


def test_codebook_is_seeded_with_exactly_the_agreed_theme_ids(codebook):
    assert codebook.ids == THEME_IDS
    for theme in codebook.themes:
        assert theme.name and theme.description and "\n" not in theme.description
        assert len(theme.phrases) >= 5 and len(theme.examples) >= 2


@pytest.mark.parametrize("text, expected", [
    ("The buses were late again", ["transport"]),
    ("Teachers do not understand ADHD and keep giving detentions", ["staff_training"]),
    ("My son was bullied and the bus driver did nothing", ["transport", "inclusion_bullying"]),
    ("we've waited 18 mths for CAMHS", ["health_waits"]),
    ("They would not help until he was diagnosed", ["diagnosis_dependent"]),
    ("The weather was nice on Tuesday", [OTHER]),
])
def test_themes_are_multi_label_and_other_when_nothing_fits(codebook, text, expected):
    assert themes_of(codebook, text) == expected


def test_a_stored_topic_names_the_theme_when_no_phrase_does(codebook):
    _tokens, words = next(tokens_and_words(["It has been really hard this year"]))
    assert codebook.classify(words, topic="transport")[0] == ["transport"]
    assert codebook.classify(words, topic="not-a-theme")[0] == [OTHER]


def test_an_officers_own_codebook_uses_the_documented_phrase_syntax(tmp_path):
    path = tmp_path / "mine.yml"
    path.write_text(
        "themes:\n"
        "  - id: gardens\n    name: Gardens\n    description: The allotment project.\n"
        "    phrases: [allotment, garden*, 'seed + plant']\n    examples: [We grow beans.]\n")
    mine = load_codebook(path)
    assert themes_of(mine, "The allotments are lovely") == ["gardens"]
    assert themes_of(mine, "gardening calms him") == ["gardens"]
    assert themes_of(mine, "we plant a seed each week") == ["gardens"]
    assert themes_of(mine, "we plant trees") == [OTHER]


@pytest.mark.parametrize("content, message", [
    ("themes: []\n", "needs a 'themes:' list"),
    ("themes:\n  - id: Bad Id\n    name: x\n    description: y\n    phrases: [a]\n", "lower case"),
    ("themes:\n  - id: other\n    name: x\n    description: y\n    phrases: [a]\n", "'other' is kept"),
    ("themes:\n  - id: a\n    name: x\n    description: y\n    phrases: []\n", "needs at least one phrase"),
    ("themes:\n  - {id: a, name: x, description: y, phrases: [p]}\n  - {id: a, name: x, description: y, "
     "phrases: [p]}\n", "appears twice"),
    ("themes: [\n", "not readable YAML"),
])
def test_a_broken_codebook_is_named_in_a_sentence(tmp_path, content, message):
    from bot.cli import CommandError

    path = tmp_path / "broken.yml"
    path.write_text(content)
    with pytest.raises(CommandError, match=message):
        load_codebook(path)


def test_polarity_is_textblobs_own():
    from textblob import TextBlob

    for text in ["The staff are not helpful at all!", "brilliant, really good :)", "it is sooo bad",
                 "The bus is late", "I don't like it!!!"]:
        tokens, _words = next(tokens_and_words([text]))
        assert _polarity_function()(tokens) == pytest.approx(TextBlob(text).sentiment.polarity)
