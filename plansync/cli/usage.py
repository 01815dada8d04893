"""Usage lines in the order a person types a command (design.md, "Commands").

click's default puts ``[OPTIONS]`` before the arguments and leaves required
options out, so ``Usage: plansync amend EVENT modify-batch [OPTIONS]
FINISHED_UNIT BATCHES`` omits the ``--reason`` that every call needs. A
command reads here as its examples do: the arguments, the options a call
cannot do without, then ``[OPTIONS]`` for the rest:

    Usage: plansync amend EVENT modify-batch FINISHED_UNIT BATCHES --reason R [OPTIONS]

A group keeps click's order: its options must come before the subcommand
(``plansync amend [OPTIONS] EVENT COMMAND [ARGS]...``).
"""

from __future__ import annotations

import click


def _required_option(option: click.Option, ctx: click.Context) -> str:
    # The long name reads as words in a usage line (--reason, not -r).
    flag = max(option.opts, key=len)
    if option.is_flag:
        return flag
    return f"{flag} {option.make_metavar(ctx)}"


class Command(click.Command):
    """A plansync command: arguments first in its usage line."""

    def collect_usage_pieces(self, ctx: click.Context) -> list[str]:
        params = self.get_params(ctx)
        pieces = [piece for param in params if isinstance(param, click.Argument) for piece in param.get_usage_pieces(ctx)]
        options = [param for param in params if isinstance(param, click.Option) and not param.hidden]
        pieces += [_required_option(option, ctx) for option in options if option.required]
        if self.options_metavar and any(not option.required for option in options):
            pieces.append(self.options_metavar)
        return pieces


class Group(click.Group):
    """A plansync group: its subcommands are :class:`Command` (and
    :class:`Group`) without each naming the class."""

    command_class = Command
    group_class = type
