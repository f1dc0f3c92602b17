"""The wire: every request body, answer, event and live message between the hub and its
clients, each declared once as a msgspec Struct.

One declaration gives decoding with validation (the hub decodes bodies, the clients decode
answers), fast encoding, and the JSON Schema from which the hub's OpenAPI document is made.
Views are per audience and list the fields they carry: `public` (kiosk, display, rating pad,
a resident's phone), `staff` (clerks) and `office`. A field nobody listed never goes out.

- `base`: the Struct base, text limits, encoding and decoding with Chinese refusals.
- `requests`: request bodies.
- `tickets`, `hall`: tickets, windows and the hall as each audience sees them.
- `events`: what each audience may know of an event.
- `live`: WebSocket messages.
- `office`: appointments, complaints, notices, ratings and figures.
- `devices`: sign-in, devices and printer settings.
"""
