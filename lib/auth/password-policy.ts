// Shared by the server (hashing) and the browser (form hints): no Node APIs here.
export const MIN_PASSWORD_LENGTH = 10;
