"""The touch kiosk: one touch on a matter issues a ticket, shown large and printed.

`app` ties the hub connection, the hall mirror and the printer together; `screens` holds one
page each (home, priority, ticket, waiting for the hub); `widgets` the parts they share;
`receipt` the printed ticket's layout; `texts` every sentence a resident reads.
"""
