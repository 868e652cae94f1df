package dev.syncasync.work;

/** A request parameter that breaks the work contract; becomes a 400 naming the parameter. */
public final class BadParameterException extends IllegalArgumentException {

    private final String parameter;

    public BadParameterException(String parameter, String message) {
        super(message);
        this.parameter = parameter;
    }

    /** The query parameter at fault, such as {@code io}. */
    public String parameter() {
        return parameter;
    }

    /** The body of the 400 response: {@code {"error": "...", "parameter": "..."}}. */
    public String toJson() {
        return Json.object().put("error", getMessage()).put("parameter", parameter).toString();
    }
}
