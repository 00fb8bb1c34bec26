"""Members: the people who use the app and what each role may do.

Enters: user names, passwords and roles (the `statuti-check users` commands, the app's login).
Leaves: accounts and sessions kept in the store, and the permission checks the store and the
app apply (accounts.py: roles and permissions; sessions.py: login; users_cli.py: the commands).
"""
