"""Names every part agrees on (channels, actions, NLU components)."""

# Rasa input channel name of our Twilio SMS channel (its webhook is /webhooks/twilio/webhook). Actions treat a
# conversation whose latest input channel is this as SMS: short replies, numbered choices instead of buttons.
SMS_CHANNEL = "twilio"

# Longest reply an action may send over SMS. Two concatenated GSM-7 segments carry 2 x 153 = 306 characters
# (the 160 of a single SMS shrinks to 153 once a message is split), so 306, not 320, keeps a reply to 2 segments.
SMS_REPLY_LIMIT = 306

# Intent the safeguarding NLU component sets when a message discloses harm or risk.
SAFEGUARDING_INTENT = "safeguarding_disclosure"
