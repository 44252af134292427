"""Translating a brief's facts for cross-border versions: protected terms, glossary, number checks, backends."""
