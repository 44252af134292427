"""Advertising-claim and privacy rules (templates/claims/rules.yaml): what an ad may not say, and what it must.

Below the writer: the writer leaves a flagged sentence out, and `make` stops on what is blocked."""

from pipeline.claims.lint import (Finding, blocking, check, guess_categories, is_health_product, lint_brief,
                                  lint_script, lint_text, product_categories, required_statement, risk_warning_line)

__all__ = ["Finding", "blocking", "check", "guess_categories", "is_health_product", "lint_brief", "lint_script",
           "lint_text", "product_categories", "required_statement", "risk_warning_line"]
