"""Dates written the GOV.UK way, for pages, reports and messages."""

from __future__ import annotations

from datetime import date


def long_date(day: date) -> str:
    """29 September 2026"""
    return f"{day.day} {day:%B %Y}"


def weekday_date(day: date) -> str:
    """Wednesday 18 March 2026"""
    return f"{day:%A} {long_date(day)}"
