"""Tests of the sync engine against the platform emulator over loopback HTTP."""
