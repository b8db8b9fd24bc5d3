"""A local Chorus Pro: the PISTE gateway and the Chorus Pro API, with its own clock, faults and store."""
