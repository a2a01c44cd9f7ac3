"""Word documents made from review work: the language review report and the bilingual table."""
