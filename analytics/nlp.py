"""Words reduced to their dictionary form ("buses" -> "bus"), the way both codebook phrases and statements are read.

spaCy's blank English pipeline with the lookup lemmatizer from spacy-lookups-data: no model download, no
statistics, so the same text always gives the same words, at tens of thousands of statements a second.
"""
from __future__ import annotations

import sys
from functools import lru_cache
from typing import Iterable, Iterator, List, Tuple

# Text-speak and common misspellings read as the word they stand for (matching only; quotes stay verbatim).
TEXT_SPEAK = {
    "u": ["you"], "ur": ["your"], "r": ["be"], "im": ["i", "be"], "ive": ["i", "have"], "id": ["i", "would"],
    "cos": ["because"], "coz": ["because"], "cuz": ["because"], "bc": ["because"], "bcos": ["because"],
    "gr8": ["great"], "grt": ["great"], "pls": ["please"], "plz": ["please"], "plse": ["please"],
    "shud": ["should"], "shld": ["should"], "shd": ["should"], "wud": ["would"], "cud": ["could"],
    "wont": ["will", "not"], "dont": ["do", "not"], "cant": ["can", "not"], "cnt": ["can", "not"],
    "isnt": ["be", "not"], "arent": ["be", "not"], "wasnt": ["be", "not"], "werent": ["be", "not"],
    "doesnt": ["do", "not"], "didnt": ["do", "not"], "havent": ["have", "not"], "hasnt": ["have", "not"],
    "couldnt": ["could", "not"], "wouldnt": ["would", "not"], "shouldnt": ["should", "not"],
    "aint": ["be", "not"], "nt": ["not"], "n't": ["not"], "nothin": ["nothing"], "nuffin": ["nothing"],
    "ppl": ["people"], "skool": ["school"], "skl": ["school"], "coll": ["college"], "thx": ["thank"],
    "thanx": ["thank"], "ty": ["thank"], "tbh": [], "lol": [], "omg": [], "b4": ["before"], "wk": ["week"],
    "wks": ["week"], "mths": ["month"], "mnths": ["month"], "yrs": ["year"], "yr": ["year"], "hrs": ["hour"],
    "wiv": ["with"], "wen": ["when"], "becos": ["because"], "bcoz": ["because"], "luv": ["love"],
    "gonna": ["go", "to"], "wanna": ["want", "to"], "gotta": ["have", "to"], "dunno": ["do", "not", "know"],
    "ehcps": ["ehcp"], "sencos": ["senco"], "tas": ["ta"], "ots": ["ot"], "n": ["and"], "&": ["and"],
    "2day": ["today"], "2moro": ["tomorrow"], "gd": ["good"], "v": ["very"], "sum1": ["someone"],
    "some1": ["someone"], "no1": ["no", "one"], "any1": ["anyone"], "every1": ["everyone"], "tho": ["though"],
    "nite": ["night"], "lil": ["little"], "bout": ["about"], "ok": ["okay"], "k": ["okay"], "ca": ["can"],
    "wo": ["will"], "sha": ["shall"], "'m": ["be"], "'re": ["be"], "'s": ["'s"], "'ve": ["have"],
    "'d": ["would"], "'ll": ["will"], "ain't": ["be", "not"], "ai": ["be"], "b": ["be"],
    "gon": ["go"], "na": ["to"], "does": ["do"], "doe": ["do"],
    # The lemmatizer turns these comparatives into their base word, losing what they say about a stance.
    "more": ["more"], "better": ["better"], "worse": ["worse"], "best": ["best"], "less": ["less"],
    "fewer": ["fewer"], "worst": ["worst"],
}


@lru_cache(maxsize=1)
def pipeline():
    """The shared spaCy tokenizer (blank English), built once per process."""
    return _import_spacy().blank("en")


@lru_cache(maxsize=1)
def _lemma_table():
    # The lookup lemmatizer's table, read directly: the lemmatizer looks words up as written, so "Teachers"
    # would stay "Teachers"; we look up the lower-case word instead.
    nlp = _import_spacy().blank("en")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()
    return nlp.get_pipe("lemmatizer").lookups.get_table("lemma_lookup")


def _import_spacy():
    # thinc (under spaCy) probes for TensorFlow on import, which costs seconds and we never use it. Hide it only
    # while spaCy loads, and only if nothing in this process has loaded it already.
    hidden = [name for name in ("tensorflow",) if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment]
    try:
        import spacy
    finally:
        for name in hidden:
            if sys.modules.get(name) is None:
                del sys.modules[name]
    return spacy


def words_of(doc) -> List[str]:
    """Lower-case dictionary forms of a spaCy doc's words, punctuation dropped, text-speak expanded."""
    table = _lemma_table()
    words: List[str] = []
    for token in doc:
        if token.is_punct or token.is_space:
            continue
        lower = token.lower_
        expansion = TEXT_SPEAK.get(lower)
        if expansion is not None:
            words.extend(expansion)
            continue
        words.append(table.get(lower, lower))
    return words


def lemmatise(texts: Iterable[str], batch_size: int = 2000) -> Iterator[List[str]]:
    """Words for each text, in order; streams so a large file never sits in memory twice."""
    for doc in pipeline().tokenizer.pipe(texts, batch_size=batch_size):
        yield words_of(doc)


def tokens_and_words(texts: Iterable[str], batch_size: int = 2000) -> Iterator[Tuple[List[str], List[str]]]:
    """For each text: its lower-case tokens as written (punctuation kept) and its words (see `words_of`)."""
    for doc in pipeline().tokenizer.pipe(texts, batch_size=batch_size):
        yield [token.lower_ for token in doc if not token.is_space], words_of(doc)
