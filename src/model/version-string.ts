/** App Store Connect's version number: up to three whole numbers separated by periods ("2.5", "2.5.0"); app.yml's schema and the sandbox share it. */
export const VERSION_PATTERN = "^[0-9]+(\\.[0-9]+){0,2}$";
