"""The Rasa NLU step on its own: it overrides whatever the classifiers said, and leaves other messages alone."""
import pytest
from rasa.shared.nlu.training_data.message import Message

from bot.constants import SAFEGUARDING_INTENT
from bot.safeguarding.nlu_component import SafeguardingDetector


@pytest.fixture
def component(monkeypatch):
    monkeypatch.setenv("COUNCIL_SOCIAL_CARE_NUMBER", "0116 305 0005")
    monkeypatch.setenv("COUNCIL_OUT_OF_HOURS_NUMBER", "0116 255 1606")
    return SafeguardingDetector.create(SafeguardingDetector.get_default_config(), None, None, None)


def classified(text, intent, confidence):
    return Message(data={"text": text, "intent": {"name": intent, "confidence": confidence},
                         "intent_ranking": [{"name": intent, "confidence": confidence},
                                            {"name": "help", "confidence": 0.01}],
                         "entities": []})


def entity_values(message):
    return {entity["entity"]: entity["value"] for entity in message.get("entities")}


@pytest.mark.parametrize("intent, confidence", [("greet", 0.98), ("nlu_fallback", 0.35), ("give_feedback", 0.7)])
def test_a_disclosure_overrides_any_classifier_even_the_fallback(component, intent, confidence):
    [message] = component.process([classified("hiya i want to die", intent, confidence)])
    assert message.get("intent") == {"name": SAFEGUARDING_INTENT, "confidence": 1.0}
    assert message.get("intent_ranking")[0]["name"] == SAFEGUARDING_INTENT
    assert message.get("intent_ranking")[1]["name"] == intent  # what the classifier thought is kept, second
    assert entity_values(message) == {"safeguarding_match": "suicide: want to die",
                                      "council_social_care_number": "0116 305 0005",
                                      "council_out_of_hours_number": "0116 255 1606"}


def test_an_ordinary_message_keeps_its_intent_and_entities(component):
    message = classified("autism support in melton", "local_offer_search", 0.9)
    message.set("entities", [{"entity": "area", "value": "Melton", "start": 17, "end": 23}])
    component.process([message])
    assert message.get("intent")["name"] == "local_offer_search"
    assert entity_values(message) == {"area": "Melton"}
