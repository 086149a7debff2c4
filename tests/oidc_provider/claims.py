"""What the test provider says about a person: an opaque `sub` of its own (not the account's number, as
HelseID and ID-porten), the name, and the e-mail address only when the account has one."""
from oauth2_provider.oauth2_validators import OAuth2Validator


class Claims(OAuth2Validator):
    def get_additional_claims(self, request):
        user = request.user
        claims = {"sub": f"id-{user.username}", "given_name": user.first_name, "family_name": user.last_name}
        if user.email:
            claims.update(email=user.email, email_verified=True)
        return claims
