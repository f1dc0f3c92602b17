"""The touch kiosk: one touch on a matter issues a ticket, shown large and printed.

`app` ties the hub connection, the hall mirror and the printer together; `screens` holds one
page each (home, priority, ticket, 预约签到, 投诉建议 and its number, waiting for the hub);
`widgets` the parts they share; `attempt` one touch's request whatever the network does;
`receipt` the printed ticket's layout and `slip` the complaint's; `ticket` and `complaint` the
plain values they are drawn from; `texts` every sentence a resident reads.
"""
