"""The Rasa NLU step that checks every incoming message for a disclosure, before any intent is acted on.

It sits last in config.yml's pipeline, after the intent classifier and the FallbackClassifier, so its verdict
wins on every channel and in the middle of any form. On a hit it sets the intent to SAFEGUARDING_INTENT with
confidence 1.0 and adds entities the rest of the assistant reads:
  - `safeguarding_match`: what matched (stored with the alert by action_safeguarding_response);
  - `council_social_care_number`, `council_out_of_hours_number`: the council's numbers from the settings, which
    fill slots of the same name, so the signposting response (a domain response, sent by the Rasa server itself)
    names them even when the action server is down.
The detector (bot/safeguarding/detector.py, phrases.yml) is the only judge: the intent has no NLU training
examples, because a classifier trained on them flagged 27 of the first 70 ordinary test messages (anything
about "my son" looked like a disclosure); figures for the phrase list: benchmarks/safeguarding_eval.py.
Imported only by Rasa (it needs Rasa).
"""
from __future__ import annotations

import logging
from typing import Any, Dict, List, Text, Type

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import (
    ENTITIES,
    ENTITY_ATTRIBUTE_END,
    ENTITY_ATTRIBUTE_START,
    ENTITY_ATTRIBUTE_TYPE,
    ENTITY_ATTRIBUTE_VALUE,
    EXTRACTOR,
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message

from bot import settings
from bot.constants import SAFEGUARDING_INTENT
from bot.safeguarding.detector import Detector

logger = logging.getLogger(__name__)

MATCH_ENTITY = "safeguarding_match"
FRONT_DOOR_ENTITY = "council_social_care_number"
OUT_OF_HOURS_ENTITY = "council_out_of_hours_number"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class SafeguardingDetector(GraphComponent, IntentClassifier):
    """Overrides the predicted intent with SAFEGUARDING_INTENT when a message discloses harm or risk."""

    @classmethod
    def required_components(cls) -> List[Type]:
        return [IntentClassifier]

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        # phrases_file: another phrase list than bot/safeguarding/phrases.yml (None = that one).
        return {"phrases_file": None}

    def __init__(self, config: Dict[Text, Any], detector: Detector, numbers: Dict[str, str]) -> None:
        self.component_config = config
        self.detector = detector
        self.numbers = numbers

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "SafeguardingDetector":
        # The phrase list and the numbers are read when the server starts, not baked into the model:
        # an officer who extends the list or a council that changes a number restarts, no retraining.
        detector = Detector.load(config.get("phrases_file"))
        current = settings.load()
        numbers = {
            FRONT_DOOR_ENTITY: current.social_care_front_door,
            OUT_OF_HOURS_ENTITY: current.social_care_out_of_hours,
        }
        return cls(config, detector, numbers)

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            self._check(message)
        return messages

    def _check(self, message: Message) -> None:
        text = message.get(TEXT) or ""
        detection = self.detector.detect(text)
        if not detection.is_disclosure:
            return
        matched = detection.describe()
        logger.info("Safeguarding disclosure detected (%s).", matched)
        verdict = {INTENT_NAME_KEY: SAFEGUARDING_INTENT, PREDICTED_CONFIDENCE_KEY: 1.0}
        message.set(INTENT, verdict, add_to_output=True)
        ranking = [entry for entry in message.get(INTENT_RANKING_KEY) or []
                   if entry.get(INTENT_NAME_KEY) != SAFEGUARDING_INTENT]
        message.set(INTENT_RANKING_KEY, [verdict, *ranking], add_to_output=True)
        entities = [entity for entity in message.get(ENTITIES) or []
                    if entity.get(ENTITY_ATTRIBUTE_TYPE) not in (MATCH_ENTITY, *self.numbers)]
        for name, value in ((MATCH_ENTITY, matched), *self.numbers.items()):
            entities.append({
                ENTITY_ATTRIBUTE_TYPE: name,
                ENTITY_ATTRIBUTE_VALUE: value,
                ENTITY_ATTRIBUTE_START: 0,
                ENTITY_ATTRIBUTE_END: len(text),
                EXTRACTOR: self.__class__.__name__,
            })
        message.set(ENTITIES, entities, add_to_output=True)
