"""Made-up consultation answers for benchmarks, tests and trying the commands: no real person's words.

Answers are put together from short parts at random (a seeded generator, so a given seed always gives the
same file); some carry a phone number, email or name, as real answers do, so redaction is exercised too.
"""
from __future__ import annotations

import csv
import random
from pathlib import Path
from typing import Dict, Iterator, List

ROLES = ["parent", "parent", "parent", "young person", "young person", "practitioner"]
AGE_BANDS = ["", "", "11-15", "16-18", "19-25"]
DISTRICTS = ["Blaby", "Charnwood", "Harborough", "Hinckley and Bosworth", "Melton", "North West Leicestershire",
             "Oadby and Wigston"]
QUESTIONS = ["working_well", "not_working", "needs_to_happen", ""]

_PARTS: Dict[str, List[str]] = {
    "working_well": [
        "The bus driver is lovely and always on time",
        "Our short breaks are a real lifeline for the whole family",
        "The SENCO at her school is brilliant and really listens",
        "The youth club on a {day} is the best part of my week",
        "Speech therapy has made a huge difference to {child}",
        "Having a key worker who knows us has been great",
        "Staff at college understand my autism and I feel safe there",
        "The nursery passed everything on before {child} started reception",
        "Our caseworker answered every email within {n} days",
        "The supported internship got {child} a real job",
    ],
    "not_working": [
        "Nothing, the taxi is late most mornings and {child} misses registration",
        "We have waited {n} months for CAMHS and heard nothing",
        "Nobody listens until you are at breaking point",
        "The EHCP took {n} weeks and the plan was full of mistakes",
        "{child} was bullied every day and the school did nothing",
        "The Local Offer website is impossible to use on a phone",
        "We have had {n} different social workers in two years",
        "Everything stops when they turn 18 and there is no college place",
        "Teachers do not understand ADHD and keep giving detentions",
        "There are no clubs where {child} is welcome after school",
        "We were told no support without a diagnosis",
        "Too many forms and panels, we get passed from pillar to post",
        "The nearest special school is {n} miles away",
    ],
    "needs_to_happen": [
        "There should be one person who coordinates everything",
        "Train all staff in autism and ADHD",
        "We need more short breaks and respite in {district}",
        "Please make the waiting lists shorter",
        "Life skills like cooking and money should start in year 9",
        "More specialist places closer to home",
        "Believe parents the first time and help early",
        "Keep the same caseworker so we do not start again",
        "I would like more youth groups in the holidays",
    ],
    "": [
        "My son is {n} and has autism",
        "We moved here last year",
        "The allotment project is a lovely idea and the gardening is calming",
        "Parking at the hospital is expensive and there is never a space",
        "The allotment sessions got cancelled again this month",
        "Gardening at the allotment helps {child} sleep",
    ],
}
_CHILDREN = ["my son", "my daughter", "my boy", "our lad", "my little girl", "my child", "our twins"]
_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
_EXTRAS = [" Call me on 07700 900{n:03d}.", " Email me at parent{n}@example.com.", " My son Jack is in year {n}.",
           " thx", " tbh it's been hard.", " we live near LE11 3AB."]


def answers(count: int, seed: int = 7) -> Iterator[Dict[str, str]]:
    """`count` answers with every optional column, each 1-3 statements long."""
    generator = random.Random(seed)
    for number in range(1, count + 1):
        question = generator.choice(QUESTIONS)
        pool = question or generator.choice(list(_PARTS))
        sentences = []
        for _ in range(generator.choice([1, 1, 2, 2, 3])):
            source = pool if generator.random() < 0.8 else generator.choice(list(_PARTS))
            template = generator.choice(_PARTS[source])
            sentence = template.format(child=generator.choice(_CHILDREN), n=generator.randint(2, 30),
                                       day=generator.choice(_DAYS), district=generator.choice(DISTRICTS))
            if generator.random() < 0.15:
                sentence = sentence.lower()
            sentences.append(sentence[0].upper() + sentence[1:] + ".")
        text = " ".join(sentences)
        if generator.random() < 0.1:
            text += generator.choice(_EXTRAS).format(n=generator.randint(1, 999))
        role = generator.choice(ROLES)
        yield {
            "id": f"s{number}",
            "text": text,
            "question": question,
            "role": role,
            "age_band": generator.choice(AGE_BANDS) if role == "young person" else "",
            "district": generator.choice(DISTRICTS),
            "topic": "",
            "created_at": f"2025-{generator.randint(1, 12):02d}-{generator.randint(1, 28):02d}",
            "respondent": f"r{generator.randint(1, max(1, count * 2 // 3))}",
        }


def write_csv(path: Path, count: int, seed: int = 7) -> Path:
    columns = ["id", "text", "question", "role", "age_band", "district", "topic", "created_at", "respondent"]
    with Path(path).open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=columns)
        writer.writeheader()
        writer.writerows(answers(count, seed))
    return Path(path)
