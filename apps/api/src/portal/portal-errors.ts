/** No valid session: the portal answers with a redirect to the sign-in page. */
export class SignInRequiredError extends Error {
  constructor() {
    super('sign in to use the portal');
    this.name = 'SignInRequiredError';
  }
}

/** A form that changes something arrived without this session's CSRF token. */
export class CsrfRejectedError extends Error {
  constructor() {
    super('the form did not carry a valid CSRF token');
    this.name = 'CsrfRejectedError';
  }
}
