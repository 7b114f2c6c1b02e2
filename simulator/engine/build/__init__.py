"""Dockerfile builds: parser, instructions, builder, build cache and progress output."""
