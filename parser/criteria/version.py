"""The engine's version, in a module of its own so that it is read without loading spaCy (about 2 s): the store
records it with every parsed version, and `reparse` compares it to decide what to parse again."""

PARSER_VERSION = "0.2.0"
