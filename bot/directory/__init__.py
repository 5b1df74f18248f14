"""The Local Offer service directory: import and export Open Referral UK files, and search for services.

Shared by the `sendvoice directory` command and the assistant's actions; no Rasa imports here.
"""
