"""Messages to the team chat: 飞书/Lark, 企业微信, 钉钉 robots and plain JSON webhooks."""
