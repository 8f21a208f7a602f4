"""ห้องข่าว (the newsroom): writers and editors log in and (from phase 2 on) write, review and publish stories
in content/ from a browser. See the README's newsroom section."""
