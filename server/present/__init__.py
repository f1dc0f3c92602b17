"""From the hall's state to the wire's views, one audience at a time.

Each builder names every field it fills; nothing reaches an audience unless its view type has
the field and its builder fills it (see `bianmin.wire`).
"""
