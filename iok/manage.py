"""The `iok` console command: Django's manage.py for this project."""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iok.settings")
    from django.core.management import execute_from_command_line

    from iok.audit.context import running_command

    with running_command(sys.argv):  # the audit log names the command as the actor
        execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
