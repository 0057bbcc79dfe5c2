# expect HX02 lands in a Comment token -- a value written into a comment.
# server HX02
Restart-Service -Name 'HX02'
