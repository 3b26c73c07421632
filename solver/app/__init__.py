"""The application layer: the arc-solve CLI, the per-task pipeline, batch evaluation, the run config,
the branch registry, reports and pictures. It sits above both branches; nothing below imports it."""
