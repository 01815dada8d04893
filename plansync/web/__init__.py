"""The web view: `plansync serve`, a Starlette application over the plan files.

The only room that imports Starlette, Jinja2 and uvicorn. Every page is
computed at the request by the same library functions as the commands.
"""
