"""Tests of the archive importer (issue 16): a generated old-site mirror imported by the real command."""
