"""Running a room: the roster, the run-of-show timer, pairs, anonymous group views, the
facilitator's console and the demo cohort. Group views are the only code that reads several
people's answers at once, and they enforce the minimum group size themselves."""
