//! The Markdown review report (handlebars templates in `templates/`).
