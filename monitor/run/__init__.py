"""What runs the stages in order: one check, one round, feeds, the daemon, outbox delivery."""
