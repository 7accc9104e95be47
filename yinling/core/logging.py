"""A logging filter that masks ID and mobile numbers in every record, whoever wrote it.

Pages keep these numbers out of URLs (core.search), but a number can still slip into a
log line: a 404 for a path someone typed, an exception message, a library's warning.
Each handler of settings.LOGGING carries this filter, so no line reaches a file or a
console with a number in it.
"""
import logging

from yinling.lib.mask import mask_numbers_in


class MaskNumbersFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_numbers_in(message)
        if masked != message:
            record.msg, record.args = masked, ()
        if record.exc_info and not record.exc_text:  # a traceback's text is masked as well
            record.exc_text = mask_numbers_in(logging.Formatter().formatException(record.exc_info))
        elif record.exc_text:
            record.exc_text = mask_numbers_in(record.exc_text)
        return True
