"""The core: where things live, the workshop's content, the answer store and who is working.

Nothing here knows about any step, widget or report; everything else builds on it.
"""
