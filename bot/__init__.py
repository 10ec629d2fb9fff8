"""The service desk: domain services, storage, message catalogue, configuration and composition root."""
