package dev.labelsmooth.core;

/**
 * A setting of a configuration or request out of its range. The message has the shape {@code
 * '<setting>' must be <expected>, got <value>}, with the setting's Java name in single quotes, so a
 * front end can put its own name for it in place (the command line writes {@code --batch-size} for
 * {@code 'batchSize'}); {@link #setting()} gives the name alone.
 */
public class InvalidSettingException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String setting;

    /**
     * @param setting the setting's name, e.g. {@code batchSize}
     * @param expected what it must be, e.g. {@code >= 1}
     * @param actual the value given
     */
    public InvalidSettingException(String setting, String expected, Object actual) {
        super(Checks.mustBe(quoted(setting), expected, actual));
        this.setting = setting;
    }

    /** The setting's name as written in its configuration, e.g. {@code batchSize}. */
    public String setting() {
        return setting;
    }

    /** How messages name a setting: {@code 'batchSize'}. */
    public static String quoted(String setting) {
        return "'" + setting + "'";
    }
}
