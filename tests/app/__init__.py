"""Tests of the domain package `app`, mirroring its folders."""
