"""Repeatable speed and scale measurements (``make bench``); not tests.

Every figure is reported next to a baseline measured in the same run, so
the ratios hold on any machine.
"""
