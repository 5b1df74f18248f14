"""Stance of a statement: what's working well, what's not working, or what needs to happen.

Words are weighed by cue phrases. The question a statement answered is a strong prior: it decides unless
the words clearly say something else ("Nothing, the bus is always late" under "what's working well").
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, Optional, Sequence

from analytics.phrases import PhraseMatcher

WORKING_WELL = "working_well"
NOT_WORKING = "not_working"
NEEDS_TO_HAPPEN = "needs_to_happen"
STANCES = (WORKING_WELL, NOT_WORKING, NEEDS_TO_HAPPEN)
QUESTION_LABELS = {
    WORKING_WELL: "What's working well",
    NOT_WORKING: "What's not working well",
    NEEDS_TO_HAPPEN: "What needs to happen",
}
# Spellings of the question seen in survey exports, mapped to our ids.
QUESTION_ALIASES = {
    "working_well": WORKING_WELL, "working well": WORKING_WELL, "what's working well": WORKING_WELL,
    "whats working well": WORKING_WELL, "what is working well": WORKING_WELL, "working": WORKING_WELL,
    "not_working": NOT_WORKING, "not working": NOT_WORKING, "not working well": NOT_WORKING,
    "what's not working well": NOT_WORKING, "what's not working": NOT_WORKING, "whats not working": NOT_WORKING,
    "what is not working well": NOT_WORKING, "what is not working": NOT_WORKING,
    "needs_to_happen": NEEDS_TO_HAPPEN, "needs to happen": NEEDS_TO_HAPPEN, "what needs to happen": NEEDS_TO_HAPPEN,
    "what needs to change": NEEDS_TO_HAPPEN, "needs to change": NEEDS_TO_HAPPEN,
}

# (phrase, weight). Phrases are read in dictionary form, like codebook phrases.
_NEEDS = [
    ("should", 3), ("ought to", 3), ("must", 3), ("need to", 3), ("have to be", 3), ("have get to", 3),
    ("would like", 3), ("would love", 3), ("would be good", 3), ("would be nice", 3), ("would be great", 3),
    ("would be helpful", 3), ("would help", 3), ("would make", 3), ("would be", 2), ("i wish", 3), ("wish", 2),
    ("please", 3), ("could do with", 3), ("could have", 2), ("could be", 2), ("make sure", 3), ("ensure", 3),
    ("if only", 3), ("i hope", 2), ("hopefully", 2), ("want", 2), ("need more", 3), ("need better", 3),
    ("need a", 2), ("need an", 2), ("need some", 3), ("need someone", 3), ("need somewhere", 3),
    ("need proper", 3), ("need", 1), ("more", 2), ("better", 1), ("less", 1), ("fewer", 1), ("bring back", 3),
    ("it be time", 2), ("zero tolerance", 3), ("need train*", 3), ("instead of", 1), ("let", 1), ("give", 1), ("should be able", 3), ("priority", 2),
    ("invest", 2), ("fund", 1), ("there need", 3), ("what need", 3), ("we need", 2), ("they need", 2),
]
_NOT_WORKING = [
    ("hard", 1), ("difficult", 1), ("struggle", 1), ("late", 1), ("long", 1), ("wait", 1), ("delay", 1),
    ("worse", 1), ("worst", 2), ("poor", 1), ("bad", 1), ("awful", 2), ("terrible", 2), ("rubbish", 2),
    ("useless", 2), ("shocking", 2), ("appal*", 2), ("disgust*", 2), ("horrend*", 2), ("nightmare", 2), ("crap", 2),
    ("too", 1), ("problem", 1), ("issue", 1), ("fail*", 1), ("let down", 2), ("refuse", 1), ("ignore", 1),
    ("exclude", 1), ("bully", 1), ("lonely", 1), ("isolate", 1), ("stress*", 1), ("upset", 1), ("cry", 1),
    ("fight", 1), ("battle", 1), ("chase", 1), ("have to wait", 2), ("cut", 1), ("lose", 1), ("confus*", 1),
    ("impossible", 2), ("exhaust*", 1), ("crisis", 1), ("unable", 1), ("frustrat*", 1), ("angry", 1),
    ("disappoint*", 1), ("unfair", 1), ("not enough", 2), ("limited", 1), ("shortage", 1), ("lack", 1),
    ("gap", 1), ("scared", 1), ("anxious", 1), ("hate", 2), ("nobody", 1), ("no one", 1), ("noone", 1),
    ("never", 1), ("nothing", 1), ("nowhere", 1), ("none", 1), ("without", 1), ("no", 1), ("not", 1),
    ("stop", 1), ("drop", 1), ("pass around", 1), ("still", 1), ("only", 1), ("ridiculous", 2), ("joke", 1), ("mess", 1), ("broken", 1), ("miss", 1), ("wrong", 1),
    ("left", 1), ("give up", 1), ("mistake", 1), ("error", 1), ("worry", 1),
    ("can not get", 2), ("could not get", 2), ("can not find", 2), ("could not find", 2),
    ("turn down", 2), ("reject", 2), ("for love nor money", 3), ("each way", 1), ("lost", 1), ("suffer", 1),
]
_WORKING = [
    ("good", 2), ("great", 2), ("brilliant", 2), ("excellent", 2), ("amazing", 2), ("fantastic", 2), ("fab*", 2),
    ("ace", 2), ("superb", 2), ("wonderful", 2), ("lovely", 2), ("helpful", 2), ("help", 1), ("love", 2),
    ("i like", 2), ("really like", 2), ("we like", 2), ("thank*", 2), ("kind", 1), ("supportive", 2),
    ("happy", 2), ("pleased", 2), ("well", 1), ("improve", 1), ("positive", 2), ("best", 2),
    ("make a difference", 3), ("make the difference", 3), ("difference", 2), ("lifeline", 3), ("life saver", 3), ("enjoy", 2),
    ("fun", 1), ("safe", 1), ("listen", 1), ("understand", 1), ("on time", 2), ("quick", 1), ("quickly", 1),
    ("easy", 1), ("easier", 1), ("caring", 2), ("friendly", 2), ("patient", 1), ("work", 1), ("glad", 2),
    ("grateful", 2), ("appreciate", 2), ("impressed", 2), ("outstanding", 2), ("perfect", 2), ("reliable", 2),
    ("responsive", 2), ("always there", 2), ("finally", 1), ("nice", 2), ("calm", 1), ("confident", 2),
    ("proud", 2), ("welcoming", 2), ("brill", 2), ("awesome", 2), ("cool", 1), ("useful", 2), ("valuable", 2),
    ("sort out", 1), ("feel heard", 2), ("feel safe", 2), ("go well", 2), ("work well", 3), ("thrive", 2),
    ("progress", 1), ("settle", 1), ("godsend", 3), ("blessing", 2), ("clear", 1), ("up to date", 2),
    ("ring back", 2), ("call back", 1), ("turn around", 2), ("sorted", 2), ("it show", 2), ("go the extra mile", 3),
    ("what we would do without", 4), ("what i would do without", 4), ("do without", 2), ("couldn't fault", 3),
    ("can not fault", 3), ("could not fault", 3), ("no complaint", 3), ("spot on", 3), ("first class", 3),
]
# Wishes about the past are complaints: "the plan should have been done in 20 weeks".
_COUNTERFACTUAL = [("should have", 4), ("should of", 4), ("should 've", 4), ("would have", 2), ("could have be", 2)]
_NEGATORS = {"not", "no", "never", "nobody", "noone", "nothing", "none", "hardly", "without", "lack"}
_PLAIN_NEGATORS = {"not", "never", "no", "hardly"}
# Words that start a request when they open a statement: "Train all teachers in autism."
_IMPERATIVES = {
    "make", "give", "provide", "stop", "start", "fund", "train", "let", "listen", "employ", "hire", "bring",
    "offer", "create", "put", "keep", "allow", "introduce", "increase", "reduce", "sort", "fix", "open", "build",
    "include", "involve", "ask", "tell", "ensure", "speed", "pay", "invest", "recruit", "treat", "support",
    "believe", "have", "get", "cut", "shorten", "set", "look", "think", "consider", "take", "help", "talk",
    "communicate", "simplify", "update", "publish", "explain", "stick", "hold", "run", "extend", "expand",
    "teach", "share", "join", "reopen", "prioritise", "prioritize", "replace", "check", "see", "value",
    "lower", "raise", "scrap", "abolish", "end", "remove", "bring", "double", "halve", "guarantee", "require",
}
_NEGATIVE_OPENERS = ("nothing", "not much", "not a lot", "not really", "none", "no", "very little", "not sure")


@dataclass(frozen=True)
class StanceResult:
    stance: str
    source: str  # "words", "question" or "words over question"; shown in the analysed CSV
    scores: Dict[str, float]
    words_agree: bool = True  # the words alone point the same way (such statements make the clearest quotes)


class StanceClassifier:
    def __init__(self):
        self._matcher = PhraseMatcher(
            [(("n", weight), phrase) for phrase, weight in _NEEDS]
            + [(("x", weight), phrase) for phrase, weight in _NOT_WORKING]
            + [(("w", weight), phrase) for phrase, weight in _WORKING]
            + [(("c", weight), phrase) for phrase, weight in _COUNTERFACTUAL]
        )

    def scores(self, words: Sequence[str], first_word: str, polarity: float) -> Dict[str, float]:
        needs = worse = better = 0.0
        # Longest phrase first at each position, and no word counted twice ("work well" is not also "well").
        hits, covered = [], set()
        for start, end, part in sorted(self._matcher.find_positions(words),
                                       key=lambda hit: (hit[0], -(hit[1] - hit[0]))):
            span = set(range(start, end))
            if not span & covered:
                covered |= span
                hits.append((start, part.label))
        # A negator just before a cue turns it round ("not helpful", "never late") instead of counting alone.
        # Praise is undone by any negator close before it ("nobody really listens"); a complaint only by a
        # plain "not"/"never" right before it ("never late"), since "Nothing, still waiting" is no praise.
        negator_used = set()
        negated_cues = set()
        for start, (kind, _weight) in hits:
            if words[start] in _NEGATORS:
                continue
            reach, negators = (3, _NEGATORS) if kind == "w" else (2, _PLAIN_NEGATORS)
            for position in range(max(0, start - reach), start):
                if words[position] in negators:
                    negator_used.add(position)
                    negated_cues.add(start)
        for start, (kind, weight) in hits:
            if kind == "n":
                needs += weight
            elif kind == "c":
                worse += weight
                needs -= 3
            elif words[start] in _NEGATORS and start in negator_used:
                continue
            elif kind == "w":
                if start in negated_cues:
                    worse += weight
                else:
                    better += weight
            elif start in negated_cues:
                better += weight  # "never late", "not a problem"
            else:
                worse += weight
        if first_word in _IMPERATIVES:
            needs += 3
        joined = " ".join(words[:3])
        if joined.startswith(_NEGATIVE_OPENERS):
            worse += 2
        # TextBlob's polarity breaks near-ties between praise and complaint.
        better += max(polarity, 0) * 2
        worse += max(-polarity, 0) * 2
        return {NEEDS_TO_HAPPEN: max(needs, 0.0), NOT_WORKING: worse, WORKING_WELL: better}

    def classify(self, words: Sequence[str], first_word: str, polarity: float,
                 question: Optional[str] = None) -> StanceResult:
        scores = self.scores(words, first_word, polarity)
        from_words = _decide(scores)
        if question not in STANCES:
            return StanceResult(from_words, "words", scores)
        if from_words != question and _clearly(scores, from_words, question):
            return StanceResult(from_words, "words over question", scores)
        return StanceResult(question, "question", scores, words_agree=from_words == question)


def _decide(scores: Dict[str, float]) -> str:
    needs, worse, better = scores[NEEDS_TO_HAPPEN], scores[NOT_WORKING], scores[WORKING_WELL]
    if needs >= 3 or (needs >= 2 and needs >= max(worse, better)):
        return NEEDS_TO_HAPPEN
    if better > worse:
        return WORKING_WELL
    return NOT_WORKING  # with no cue at all, a comment is most often a complaint


def _clearly(scores: Dict[str, float], from_words: str, question: str) -> bool:
    """Do the words disagree with the question strongly enough to overrule it?"""
    if from_words == NEEDS_TO_HAPPEN:
        return scores[NEEDS_TO_HAPPEN] >= 3 and question != NEEDS_TO_HAPPEN
    if question == NEEDS_TO_HAPPEN and scores[NEEDS_TO_HAPPEN] > 0:
        return False
    margin = scores[from_words] - scores[question]
    return scores[from_words] >= 2 and margin >= 2


def first_word(text: str) -> str:
    """The opening word, lower case, for spotting requests that start with a verb."""
    for token in text.lower().split():
        stripped = token.strip("-*\u2022\"'()[].,:;!?")
        if stripped and not stripped.isdigit():
            return stripped
    return ""
