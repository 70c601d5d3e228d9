"""Reusable widgets of the workbench: outline, detail form, findings, banners."""
